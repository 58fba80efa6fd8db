using System.Text.Json;
using CsCheck;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Worker.KafkaRecordSamples;

namespace ServerlessStreams.Functions.Tests.Worker;

public class IsoUtcTimestampTests
{
    [Fact]
    public void Reads_every_timestamp_the_host_writes()
    {
        Gen.Long[0, 253_402_300_799_999].Run(epochMilliseconds =>
        {
            using var timestamps = JsonDocument.Parse(KafkaRecordJson.Timestamps([new KafkaEventRecord("t", 0, 0, epochMilliseconds, null, "")]));
            Assert.True(IsoUtcTimestamp.TryParse(Utf8(timestamps.RootElement[0].GetString()!), out var read));
            Assert.Equal(epochMilliseconds, read);
        });
    }

    [Theory]
    [InlineData("2026-03-16T12:00:00Z", true)]
    [InlineData("2026-03-16T12:00:00.4Z", true)]
    [InlineData("2026-03-16T12:00:00.0012345Z", true)]
    [InlineData("2024-02-29T23:59:59.9999999Z", true)]
    [InlineData("0001-01-01T00:00:00Z", true)]
    [InlineData("9999-12-31T23:59:59.9999999Z", true)]
    [InlineData("2026-03-16T12:00:00.12345678Z", false)]
    [InlineData("2026-03-16T12:00:00.Z", false)]
    [InlineData("2026-03-16T12:00:00", false)]
    [InlineData("2026-03-16T12:00:00+00:00", false)]
    [InlineData("2026-03-16 12:00:00Z", false)]
    [InlineData("2026-03-16t12:00:00z", false)]
    [InlineData("2025-02-29T00:00:00Z", false)]
    [InlineData("2026-13-01T00:00:00Z", false)]
    [InlineData("2026-03-16T24:00:00Z", false)]
    [InlineData("2026-03-16T12:60:00Z", false)]
    [InlineData("2026-03-16T12:00:60Z", false)]
    [InlineData("0000-01-01T00:00:00Z", false)]
    [InlineData("+026-03-16T12:00:00Z", false)]
    [InlineData("1767225600000", false)]
    [InlineData("", false)]
    public void Reads_only_the_hosts_form_and_as_DateTimeOffset_does(string text, bool readsIt)
    {
        Assert.Equal(readsIt, IsoUtcTimestamp.TryParse(Utf8(text), out var read));
        if (readsIt)
        {
            Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), read);
        }
    }
}
