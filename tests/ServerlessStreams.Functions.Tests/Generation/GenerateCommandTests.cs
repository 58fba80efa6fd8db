using ServerlessStreams.App.Commands;
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
            File.ReadAllText(Path.Combine(FixtureFiles.RepositoryRoot, "local.settings.sample.json")),
            File.ReadAllText(Path.Combine(folder.Path, "local.settings.sample.json")));
    }

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
    [InlineData("/repo/functions/ServerlessStreams.App/samples/election/job.json", "samples/election/job.json")]
    [InlineData("/somewhere/jobs/mine.json", "mine.json")]
    public void The_default_job_setting_is_the_path_the_app_sees(string path, string expected)
    {
        Assert.Equal(expected, GenerateCommand.DefaultJobSetting(new FileInfo(path)));
    }

    private static Task<int> Run(params string[] args) => GenerateCommand.Create().Parse(args).InvokeAsync();
}
