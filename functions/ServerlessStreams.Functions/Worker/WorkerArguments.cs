namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Whether the process was started by the Functions host as its worker: the host passes where its gRPC endpoint is
/// and who the worker is, as <c>--host --port --workerId --requestId --grpcMaxMessageLength</c> or as
/// <c>--functions-uri --functions-worker-id --functions-request-id --functions-grpc-max-message-length</c>.
/// </summary>
public static class WorkerArguments
{
    public static readonly IReadOnlySet<string> HostOptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "--host", "--port", "--workerId", "--requestId", "--grpcMaxMessageLength",
        "--functions-uri", "--functions-worker-id", "--functions-request-id", "--functions-grpc-max-message-length",
    };

    public static bool AreFromFunctionsHost(IEnumerable<string> args) =>
        args.Any(arg => HostOptions.Contains(arg.Split('=', 2)[0]));
}
