using System.Globalization;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// How the Functions host starts a dotnet-isolated worker: <c>dotnet &lt;worker&gt;.dll</c> (or the apphost) with the
/// host's address and ids in both argument forms the worker accepts, the app folder in the environment, and every app
/// setting as an environment variable.
/// </summary>
internal sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public const string Runtime = "dotnet-isolated";

    public static WorkerLaunch Create(
        string appDirectory,
        string workerPath,
        int hostPort,
        string workerId,
        string requestId,
        int maxMessageLength,
        IReadOnlyDictionary<string, string> appSettings)
    {
        var port = hostPort.ToString(CultureInfo.InvariantCulture);
        var maxLength = maxMessageLength.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>();
        var fileName = workerPath;
        if (workerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            fileName = "dotnet";
            arguments.Add(workerPath);
        }
        arguments.AddRange([
            "--host", "127.0.0.1", "--port", port, "--workerId", workerId, "--requestId", requestId,
            "--grpcMaxMessageLength", maxLength,
            "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxLength,
        ]);

        var environment = new Dictionary<string, string>(appSettings, StringComparer.Ordinal)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = Runtime,
            ["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory,
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory,
            ["AzureWebJobsScriptRoot"] = appDirectory,
        };
        return new WorkerLaunch(fileName, arguments, environment);
    }

    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}
