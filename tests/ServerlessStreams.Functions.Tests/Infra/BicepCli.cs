namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>
/// The Bicep CLI, installed the way CI installs it: infra-bicep/build.sh's install step restores the NuGet package
/// and prints the binary's path. A missing binary fails the test with that step's output.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static string? path;

    public static async Task<string> PathAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            return path ??= await InstallAsync();
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public static async Task<ProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        await ProcessRunner.RunAsync(await PathAsync(), arguments, workingDirectory, timeout);

    private static async Task<string> InstallAsync()
    {
        var result = await ProcessRunner.RunAsync(
            "bash", [InfraPaths.BuildScript, "--print-bicep-path"], InfraPaths.RepositoryRoot, InstallTimeout);
        var printed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var binary = printed.Length > 0 ? printed[^1] : "";
        if (result.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException(
                "the Bicep CLI is not available: `bash infra-bicep/build.sh --print-bicep-path` restores it from the "
                + "NuGet package Azure.Bicep.CommandLine.linux-x64 (dotnet and access to the NuGet feed are needed).\n"
                + result.Describe("bash infra-bicep/build.sh --print-bicep-path"));
        }
        return binary;
    }
}
