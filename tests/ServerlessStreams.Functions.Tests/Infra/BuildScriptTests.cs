namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>infra-bicep/build.sh, as CI runs it: every Bicep file builds and lints, and any error or warning fails it.</summary>
[Collection(BicepCollection.Name)]
public sealed class BuildScriptTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task PassesOnTheRepositoryTemplates()
    {
        var result = await RunAsync();

        Assert.True(result.ExitCode == 0, result.Describe("bash infra-bicep/build.sh"));
        Assert.StartsWith("infra-bicep: PASS", LastLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailsOnALinterWarning()
    {
        using var scratch = new ScratchDirectory();
        CopyLinterConfig(scratch.Path);
        await File.WriteAllTextAsync(Path.Combine(scratch.Path, "unused.bicep"), "param neverUsed string = 'x'\n");

        var result = await RunAsync(scratch.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-unused-params", result.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("infra-bicep: FAIL", LastLine(result), StringComparison.Ordinal);
        Assert.Contains("1 warnings", LastLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailsOnACompileErrorInAParameterFile()
    {
        using var scratch = new ScratchDirectory();
        CopyLinterConfig(scratch.Path);
        await File.WriteAllTextAsync(Path.Combine(scratch.Path, "main.bicep"), "param count int\noutput doubled int = count * 2\n");
        await File.WriteAllTextAsync(Path.Combine(scratch.Path, "main.bicepparam"), "using './main.bicep'\nparam count = 'not a number'\n");

        var result = await RunAsync(scratch.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("main.bicepparam", result.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("infra-bicep: FAIL", LastLine(result), StringComparison.Ordinal);
    }

    private static void CopyLinterConfig(string directory) =>
        File.Copy(Path.Combine(InfraPaths.InfraDirectory, "bicepconfig.json"), Path.Combine(directory, "bicepconfig.json"));

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [InfraPaths.BuildScript, .. arguments], InfraPaths.RepositoryRoot, ScriptTimeout);

    private static string LastLine(ProcessResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
