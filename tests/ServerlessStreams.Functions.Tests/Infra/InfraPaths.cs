namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>Where the deployment files live, found from the test's output folder.</summary>
internal static class InfraPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot, "infra-bicep");

    public static string BuildScript { get; } = Path.Combine(InfraDirectory, "build.sh");

    public static string ElectionJob { get; } =
        Path.Combine(RepositoryRoot, "samples", "election", "Election", "job.json");

    /// <summary>Copies the templates, modules, parameter files and linter config (not the tool project) to a folder.</summary>
    public static void CopyTemplatesTo(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(InfraDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(InfraDirectory, file);
            var name = Path.GetFileName(file);
            var isTemplate = name.EndsWith(".bicep", StringComparison.Ordinal)
                || name.EndsWith(".bicepparam", StringComparison.Ordinal)
                || name == "bicepconfig.json";
            if (!isTemplate || relative.StartsWith("tools", StringComparison.Ordinal)) continue;
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessStreams.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no ServerlessStreams.sln above {AppContext.BaseDirectory}: cannot find infra-bicep/");
    }
}
