using Microsoft.Extensions.DependencyInjection;
using Election;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Ingestion;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Ingestion;

public sealed class IngestLimitsTests
{
    [Fact]
    public void Unset_or_empty_settings_keep_the_specs_limits()
    {
        var limits = IngestLimits.FromAppSettings(name => name == AppSettingNames.IngestMaxRecordBytes ? " " : null);
        var spec = new IngestSettings { KeyField = "voterId", MaxBodyBytes = 1000, MaxRecordBytes = 100 };

        Assert.Equal(IngestLimits.None, limits);
        Assert.Equal(spec, limits.Apply(spec));
    }

    [Fact]
    public void A_set_limit_replaces_the_specs_and_only_that_one()
    {
        var limits = IngestLimits.FromAppSettings(name => name == AppSettingNames.IngestMaxBodyBytes ? "65536" : null);
        var spec = new IngestSettings { KeyField = "voterId", MaxBodyBytes = 1000, MaxRecordBytes = 100 };

        Assert.Equal(spec with { MaxBodyBytes = 65536 }, limits.Apply(spec));
    }

    [Theory]
    [InlineData(AppSettingNames.IngestMaxBodyBytes, "0")]
    [InlineData(AppSettingNames.IngestMaxBodyBytes, "-5")]
    [InlineData(AppSettingNames.IngestMaxRecordBytes, "4MB")]
    [InlineData(AppSettingNames.IngestMaxRecordBytes, "3000000000")]
    [InlineData(AppSettingNames.IngestMaxRecordBytes, "1.5")]
    public void A_value_that_is_not_a_positive_number_of_bytes_is_an_error_naming_the_setting(string setting, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => IngestLimits.FromAppSettings(name => name == setting ? value : null));

        Assert.Equal($"App setting '{setting}' is '{value}': give a number of bytes from 1 to 2147483647, or leave it unset to keep the job spec's value.",
            error.Message);
    }

    [Fact]
    public void A_bad_value_stops_the_worker_at_start_up()
    {
        var services = new ServiceCollection();
        string? Settings(string name) => name switch
        {
            AppSettingNames.KafkaBrokerList => "127.0.0.1:9",
            AppSettingNames.IngestMaxBodyBytes => "lots",
            _ => null,
        };

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddServerlessStreams(Fixtures.ElectionSample.Load(), Registrations.Create(), Settings));

        Assert.Contains(AppSettingNames.IngestMaxBodyBytes, error.Message, StringComparison.Ordinal);
    }
}
