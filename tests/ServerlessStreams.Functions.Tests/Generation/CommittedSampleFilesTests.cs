using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

/// <summary>The election sample app's host.json and local.settings.sample.json are what generate writes for its job.</summary>
public class CommittedSampleFilesTests
{
    private const string Regenerate =
        "regenerate with: dotnet run --project samples/election/Election -- generate --job samples/election/Election/job.json --out samples/election/Election --local-settings";

    [Fact]
    public void The_samples_host_json_is_the_generated_one()
    {
        var expected = JsonFiles.Format(HostJsonGenerator.Generate(ElectionSample.Load()));

        var actual = File.ReadAllText(Path.Combine(ElectionSample.AppFolder, FunctionAppFiles.HostJsonFile));

        Assert.True(expected == actual, $"host.json differs from the generated one; {Regenerate}\n{expected}");
    }

    [Fact]
    public void The_samples_local_settings_sample_is_the_generated_one()
    {
        var expected = JsonFiles.Format(LocalSettingsGenerator.Generate(ElectionSample.Load(), "job.json"));

        var actual = File.ReadAllText(Path.Combine(ElectionSample.AppFolder, FunctionAppFiles.LocalSettingsSampleFile));

        Assert.True(expected == actual, $"local.settings.sample.json differs from the generated one; {Regenerate}\n{expected}");
    }

    [Fact]
    public void Local_settings_name_every_kafka_topic_of_the_job_and_no_secret()
    {
        var settings = LocalSettingsGenerator.Generate(ElectionSample.Load(), "job.json")["Values"]!;

        Assert.Equal("votes", settings["Topic_votes"]!.GetValue<string>());
        Assert.Equal("vote-results", settings["Topic_results"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.Equal("", settings["KafkaPassword"]!.GetValue<string>());
    }
}
