using System.Reflection;
using System.Text.Json;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>
/// The built tests/ServerlessStreams.TestWorker app (the test project builds it first), and a fresh folder where its
/// functions record what each invocation received (<c>TestWorker__RecordDirectory</c>).
/// </summary>
public sealed class TestWorkerApp : IDisposable
{
    private readonly TemporaryDirectory _records = new();

    public static string Directory { get; } = Path.GetFullPath(
        typeof(TestWorkerApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestWorkerDirectory").Value!);

    public string RecordDirectory => _records.Path;

    public Dictionary<string, string> Settings(string tickSchedule = "0 0 0 1 1 *") => new()
    {
        ["TestWorker__RecordDirectory"] = RecordDirectory,
        ["Broker"] = "127.0.0.1:1",
        ["Topic"] = "votes",
        ["TickSchedule"] = tickSchedule,
    };

    /// <summary>What the worker recorded for one invocation.</summary>
    public JsonElement Recorded(string kind, string invocationId)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RecordDirectory, $"{kind}-{invocationId}.json")));
        return document.RootElement.Clone();
    }

    /// <summary>Everything recorded of <paramref name="kind"/>, oldest first.</summary>
    public List<JsonElement> AllRecorded(string kind) =>
        System.IO.Directory.EnumerateFiles(RecordDirectory, $"{kind}-*.json")
            .OrderBy(File.GetLastWriteTimeUtc)
            .Select(path =>
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                return document.RootElement.Clone();
            })
            .ToList();

    public void Dispose() => _records.Dispose();
}
