namespace ServerlessStreams.Local;

/// <summary>Finds the built function app (the worker the local host starts) for the CLI, the tests and the benchmarks.</summary>
internal static class FunctionAppFolder
{
    /// <summary>This repository's app, the election sample: its project folder and its assembly's name.</summary>
    private static readonly string RepositoryAppFolder = Path.Combine("samples", "election", "Election");
    private const string RepositoryApp = "Election";

    /// <summary>
    /// This process's own folder when it is the app (the CLI of a function app), else the election app's build output
    /// of the same configuration in the source tree this process was built from (this repository's tests and
    /// benchmarks reference the app, but the worker needs its own runtimeconfig and deps files to start).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No built app was found; the message says where it was looked for.</exception>
    public static string Locate()
    {
        var own = AppContext.BaseDirectory;
        if (System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name is { } entry && IsBuiltApp(own, entry)) return own;

        var framework = new DirectoryInfo(own.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Release";
        for (var directory = framework; directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "ServerlessStreams.sln"))) continue;
            var built = Path.Combine(directory.FullName, RepositoryAppFolder, "bin", configuration, framework.Name);
            if (IsBuiltApp(built, RepositoryApp)) return built;
            throw new DirectoryNotFoundException($"the function app is not built at {built}: run dotnet build -c {configuration}");
        }
        throw new DirectoryNotFoundException($"no built function app in {own} and no ServerlessStreams.sln above it");
    }

    private static bool IsBuiltApp(string directory, string appName) =>
        File.Exists(Path.Combine(directory, appName + ".runtimeconfig.json")) && File.Exists(Path.Combine(directory, "worker.config.json"));
}
