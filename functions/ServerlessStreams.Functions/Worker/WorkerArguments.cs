namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Whether the process was started by the Functions host as its worker: the host passes where its gRPC endpoint is
/// and who the worker is, as <c>--host --port --workerId --requestId --grpcMaxMessageLength</c> and/or as
/// <c>--functions-uri --functions-worker-id --functions-request-id --functions-grpc-max-message-length</c>.
/// </summary>
internal static class WorkerArguments
{
    public static readonly IReadOnlySet<string> HostOptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "--host", "--port", "--workerId", "--requestId", "--grpcMaxMessageLength",
        "--functions-uri", "--functions-worker-id", "--functions-request-id", "--functions-grpc-max-message-length",
    };

    public static bool AreFromFunctionsHost(IEnumerable<string> args) =>
        args.Any(arg => HostOptions.Contains(arg.Split('=', 2)[0]));

    /// <summary>
    /// The worker's configuration for the <c>--host --port …</c> form. The worker reads only the
    /// <c>--functions-*</c> form (the host passes both); a launcher that passes only the older one still gets a worker.
    /// Empty when the <c>--functions-*</c> form is there.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> LegacyFormConfiguration(IReadOnlyList<string> args)
    {
        var options = Parse(args);
        if (options.ContainsKey("--functions-uri") || !options.TryGetValue("--host", out var host) || !options.TryGetValue("--port", out var port))
            return new Dictionary<string, string?>();
        return new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = new UriBuilder(Uri.UriSchemeHttp, host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)).Uri.ToString(),
            ["Functions:Worker:WorkerId"] = options.GetValueOrDefault("--workerId"),
            ["Functions:Worker:RequestId"] = options.GetValueOrDefault("--requestId"),
            ["Functions:Worker:GrpcMaxMessageLength"] = options.GetValueOrDefault("--grpcMaxMessageLength"),
        };
    }

    private static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            if (!HostOptions.Contains(parts[0])) continue;
            if (parts.Length == 2) options[parts[0]] = parts[1];
            else if (i + 1 < args.Count) options[parts[0]] = args[++i];
        }
        return options;
    }
}
