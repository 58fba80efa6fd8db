using Election;
using ServerlessStreams.Local.Cli;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

public class GenerateCommandTests
{
    [Fact]
    public async Task Generate_writes_the_app_files_for_a_job()
    {
        using var folder = new TemporaryDirectory();

        var exit = await Run("--job", ElectionSample.JobPath, "--out", folder.Path, "--local-settings");

        Assert.Equal(0, exit);
        Assert.Empty(HostJsonChecker.CheckFile(Path.Combine(folder.Path, "host.json"), ElectionSample.Load()));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "stage-votes")), "functions come from the worker, not from files");
        Assert.Equal(
            File.ReadAllText(Path.Combine(ElectionSample.AppFolder, "local.settings.sample.json")),
            File.ReadAllText(Path.Combine(folder.Path, "local.settings.sample.json")));
    }

    [Fact]
    public async Task Generate_lists_the_jobs_topics_for_bicep_with_what_the_job_decides_of_its_internal_topics()
    {
        using var folder = new TemporaryDirectory();
        var topics = Path.Combine(folder.Path, "topics.json");

        var exit = await Run("--job", ElectionSample.JobPath, "--out", folder.Path, "--topics", topics);

        Assert.Equal(0, exit);
        var parameters = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(topics))!["parameters"]!;
        Assert.Equal("election", parameters["jobName"]!["value"]!.GetValue<string>());
        Assert.Equal(
            """[{"name":"votes","topic":"votes","type":"input"},{"name":"results","topic":"vote-results","type":"output"},""" +
            """{"name":"all-votes","topic":"election-all-votes-repartition","type":"repartition","partitions":1,"retentionInDays":7},""" +
            """{"name":"by-candidate","topic":"election-by-candidate-repartition","type":"repartition","retentionInDays":7}]""",
            parameters["kafkaTasks"]!["value"]!.ToJsonString());
        Assert.Equal("""["election-dead-letters","election-late"]""", parameters["extraTopics"]!["value"]!.ToJsonString());
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1, 1)]
    [InlineData(1.5, 2)]
    [InlineData(30, 30)]
    public void Retention_is_declared_in_whole_days_rounding_up(double days, int expected) =>
        Assert.Equal(expected, BicepTopicParameters.RetentionInDays(TimeSpan.FromDays(days)));

    [Fact]
    public async Task Check_reports_problems_with_a_non_zero_exit_code()
    {
        using var folder = new TemporaryDirectory();
        await Run("--job", ElectionSample.JobPath, "--out", folder.Path);
        var hostPath = Path.Combine(folder.Path, "host.json");
        File.WriteAllText(hostPath, File.ReadAllText(hostPath).Replace("\"commitOnFailure\": false", "\"commitOnFailure\": true"));

        Assert.Equal(GenerateCommand.ProblemsExitCode, await Run("--job", ElectionSample.JobPath, "--out", folder.Path, "--check"));
    }

    [Fact]
    public async Task A_missing_job_file_is_an_invalid_exit()
    {
        using var folder = new TemporaryDirectory();

        Assert.Equal(2, await Run("--job", Path.Combine(folder.Path, "nope.json"), "--out", folder.Path));
        Assert.False(File.Exists(Path.Combine(folder.Path, "host.json")));
    }

    [Theory]
    [InlineData("/repo/samples/election/Election/job.json", "job.json")]
    [InlineData("/somewhere/jobs/mine.json", "mine.json")]
    public void The_default_job_setting_is_the_path_the_app_sees(string path, string expected)
    {
        Assert.Equal(expected, GenerateCommand.DefaultJobSetting(new FileInfo(path)));
    }

    private static Task<int> Run(params string[] args) => GenerateCommand.Create(new ServerlessStreamsApp(Registrations.Create())).Parse(args).InvokeAsync();
}
