using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Worker.KafkaRecordSamples;

namespace ServerlessStreams.Functions.Tests.Worker;

/// <summary>The UTF-8 fast path must read every record it accepts exactly as <see cref="KafkaEventJson"/> does.</summary>
public sealed class KafkaEventObjectReaderTests
{
    private const string Standard =
        """{"Offset":1,"Partition":0,"Topic":"t","Timestamp":"2026-01-01T00:00:00Z","Key":"k","Value":"v","Headers":[]}""";

    [Fact]
    public void The_fast_path_takes_every_record_as_the_host_encodes_it()
    {
        Batch.Run(batch =>
        {
            foreach (var (record, text) in batch.Zip(HostStrings(batch)))
            {
                Assert.Equal(record, AssertBothPathsAgree(text));
            }
        }, cases: 300);
    }

    [Fact]
    public void Records_written_by_other_encoders_read_the_same_on_both_paths()
    {
        KafkaRecordSamples.Record.Run(record =>
        {
            foreach (var encoder in new[] { null, Relaxed })
            {
                var text = NodeEncoded(record, encoder);
                Assert.Equal(record, KafkaEventJson.Read(text, "events", 0));
                AssertBothPathsAgree(text);
            }
        }, cases: 300);
    }

    [Theory]
    [InlineData(Standard)]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Timestamp":"2026-01-01T00:00:00Z","Key":null,"Value":null,"Headers":[]}""")]
    [InlineData("""{"Offset":1,"Partition":0,"Topic":"t","Timestamp":1767225600000,"Key":"k","Value":"v","Headers":null} """)]
    [InlineData("""{"Key":"k","Offset":1,"Partition":0,"Topic":"t","Timestamp":"2026-01-01T00:00:00Z","Value":"v","Headers":[{"Key":"h","Value":"djE="}],"LeaderEpoch":5,"IsPartitionEOF":false,"ConsumerGroup":"$Default"}""")]
    public void Standard_events_take_the_fast_path(string eventText)
    {
        Assert.NotNull(AssertBothPathsAgree(eventText));
    }

    public static TheoryData<string> OddEvents => new()
    {
        Standard.Replace("\"Offset\":1,", "\"Offset\":1,\"offset\":2,"),
        Standard.Replace("\"Offset\":1,", "\"offset\":2,\"Offset\":1,"),
        Standard.Replace("\"Offset\":1,", "\"Offset\":1,\"Offset\":2,"),
        Standard.Replace("\"Offset\":1,", "\"Offset\":1,\"Offſet\":2,"),
        Standard.ToLowerInvariant(),
        Standard.Replace("\"Offset\":1", "\"Offset\":\"1\""),
        Standard.Replace("\"Offset\":1", "\"Offset\":1.0"),
        Standard.Replace("\"Partition\":0", "\"Partition\":4294967296"),
        Standard.Replace("\"2026-01-01T00:00:00Z\"", "\"1767225600000\""),
        Standard.Replace("00:00:00Z", "00:00:00.1234567Z"),
        Standard.Replace("00:00:00Z", "00:00:00.12345678Z"),
        Standard.Replace("00:00:00Z", "00:00:00+01:00"),
        Standard.Replace("00:00:00Z", "00:00:00"),
        Standard.Replace("00:00:00Z", "00:00:60Z"),
        Standard.Replace("2026-01-01", "2026-02-30"),
        Standard.Replace("2026-01-01T", "2026-01-01t"),
        Standard.Replace("\"Key\":\"k\"", "\"Key\":5"),
        Standard.Replace("\"Key\":\"k\",", ""),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":{\"a\":1}"),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":\"\\ud800\""),
        Standard.Replace("\"Value\":\"v\"", "\"Value\":\"\\u00fc \\ud83d\\ude00 \\\" \\\\ \\/\""),
        Standard.Replace("\"Topic\":\"t\",", ""),
        Standard.Replace("\"Topic\":\"t\"", "\"\\u0054opic\":\"t\""),
        Standard.Replace("\"Topic\":\"t\"", "\"Topic\":\"t\",\"Extra\":{\"a\":[1,{\"b\":null}],\"Offset\":7}"),
        Standard.Replace(",\"Headers\":[]", ""),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djE=\"},{\"Key\":\"e\",\"Value\":\"\"},{\"Key\":\"n\",\"Value\":null},{\"Key\":\"m\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djF=\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"dj E=\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"djE\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"%%%\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"a\\u002Bb/\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"key\":\"i\",\"Value\":\"\"}]"),
        Standard.Replace("[]", "[{\"Key\":\"h\",\"Value\":\"\",\"Other\":[1]}]"),
        Standard.Replace("[]", "[{\"Value\":\"djE=\"}]"),
        Standard.Replace("[]", "[17]"),
        Standard.Replace("[]", "{}"),
        Standard + " x",
        " " + Standard,
        Standard[..^1],
        "{}",
        "raw value",
        "{\"Topic\":\"mine\",\"Value\":3}",
        "",
    };

    [Theory]
    [MemberData(nameof(OddEvents))]
    public void An_odd_event_reads_the_same_on_both_paths_or_is_left_to_the_plain_one(string eventText)
    {
        AssertBothPathsAgree(eventText);
    }

    /// <summary>The fast path returns null, or exactly what <see cref="KafkaEventJson"/> reads; it never throws.</summary>
    private static KafkaEventRecord? AssertBothPathsAgree(string eventText)
    {
        var fast = KafkaEventObjectReader.TryRead(Utf8(eventText), new EventReadContext());
        if (fast is not null) Assert.Equal(KafkaEventJson.Read(eventText, "events", 0), fast);
        return fast;
    }
}
