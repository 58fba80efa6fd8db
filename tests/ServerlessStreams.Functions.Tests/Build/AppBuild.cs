using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Tests.Infra;

namespace ServerlessStreams.Functions.Tests.Build;

/// <summary>
/// Builds the function app (and the projects it references) into an artifacts folder of its own, as the Functions
/// host will find it, leaving the repository's build outputs alone.
/// </summary>
internal static class AppBuild
{
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <param name="appOnly">Build only the app, against its references' outputs from an earlier build into the same folder.</param>
    /// <returns>The app's output folder.</returns>
    public static async Task<string> RunAsync(string artifacts, bool appOnly, params string[] properties)
    {
        var project = Path.Combine(FixtureFiles.RepositoryRoot, "samples", "election", "Election", "Election.csproj");
        string[] arguments =
        [
            "build", project, "-c", Configuration, "--artifacts-path", artifacts, "-nologo", "-v:q",
            .. appOnly ? new[] { "--no-dependencies", "--no-restore" } : [],
            .. properties.Select(p => $"-p:{p}"),
        ];
        var result = await ProcessRunner.RunAsync("dotnet", arguments, FixtureFiles.RepositoryRoot, TimeSpan.FromMinutes(8));
        Assert.True(result.ExitCode == 0, result.Describe("dotnet " + string.Join(' ', arguments)));
        return Path.Combine(artifacts, "bin", "Election", Configuration.ToLowerInvariant());
    }
}
