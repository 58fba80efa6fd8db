using System.Text.Json;

namespace ServerlessStreams.TestWorker;

/// <summary>
/// Writes what an invocation received to the folder named by the <c>TestWorker:RecordDirectory</c> app setting, one
/// file per invocation, before the function returns: the tests read them once the host saw the invocation succeed.
/// </summary>
internal static class Recorder
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("TestWorker__RecordDirectory")
        ?? throw new InvalidOperationException("the app setting TestWorker__RecordDirectory is not set");

    public static void Write(string kind, string invocationId, object received)
    {
        var path = Path.Combine(Directory, $"{kind}-{invocationId}.json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(received));
        File.Move(path + ".tmp", path);
    }

    /// <summary>True the first time it is asked for <paramref name="name"/> in this record folder.</summary>
    public static bool First(string name)
    {
        try
        {
            using var marker = new FileStream(Path.Combine(Directory, name + ".marker"), FileMode.CreateNew);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
