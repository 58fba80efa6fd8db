using System.Text.Json;

namespace ServerlessStreams.Functions.Tests.Fixtures;

/// <summary>Finds the repository's files from the test's output folder, so fixtures need no copying.</summary>
internal static class FixtureFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string FixturePath(string name) =>
        Path.Combine(RepositoryRoot, "tests", "ServerlessStreams.Functions.Tests", "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(FixturePath(name));

    public static JsonElement ReadJson(string name)
    {
        using var document = JsonDocument.Parse(Read(name));
        return document.RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessStreams.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no ServerlessStreams.sln above {AppContext.BaseDirectory}: cannot find the fixtures");
    }
}
