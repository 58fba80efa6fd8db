using System.Text.Json.Nodes;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>Finds the worker in a built app folder as the host does: <c>worker.config.json</c>'s <c>description.defaultWorkerPath</c>.</summary>
internal static class WorkerLocator
{
    public const string ConfigFileName = "worker.config.json";

    /// <exception cref="InvalidOperationException">Neither a worker path nor a worker.config.json naming one.</exception>
    public static string Locate(string appDirectory, string? workerPath)
    {
        if (workerPath is not null)
        {
            var given = Path.GetFullPath(workerPath, appDirectory);
            return File.Exists(given)
                ? given
                : throw new InvalidOperationException($"the worker '{given}' does not exist: build the function app first");
        }

        var config = Path.Combine(appDirectory, ConfigFileName);
        if (!File.Exists(config))
        {
            throw new InvalidOperationException(
                $"{config} does not exist: give the worker's path, or point the local host at a built isolated-worker app folder");
        }
        var configured = (JsonNode.Parse(File.ReadAllText(config))?["description"]?["defaultWorkerPath"] as JsonValue)?.GetValue<string>();
        if (string.IsNullOrEmpty(configured))
        {
            throw new InvalidOperationException($"{config}: description.defaultWorkerPath is missing");
        }
        var path = Path.GetFullPath(configured, appDirectory);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{config}: description.defaultWorkerPath '{configured}' does not exist in {appDirectory}");
    }
}
