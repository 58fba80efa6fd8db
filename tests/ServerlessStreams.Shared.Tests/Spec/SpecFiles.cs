using System.Runtime.CompilerServices;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Files next to these tests and in the repository, found from the source location.</summary>
internal static class SpecFiles
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(Here(), "Fixtures", name));

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Here()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessStreams.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"no ServerlessStreams.sln above {Here()}");
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
