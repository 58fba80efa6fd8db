using Grpc.Core;
using Microsoft.Extensions.Logging;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// <c>FunctionRpc.EventStream</c>: the worker opens it and says StartStream with the worker id it was started with;
/// the stream then belongs to that worker's channel until it ends.
/// </summary>
internal sealed class FunctionRpcService(WorkerConnections connections, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false)) return;
        var first = requestStream.Current;
        if (first.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            LocalHostLog.UnexpectedStream(logger, $"the first message was a {first.ContentCase}, not a StartStream");
            return;
        }
        if (connections.Take(first.StartStream.WorkerId) is not { } channel)
        {
            LocalHostLog.UnexpectedStream(logger, $"StartStream from worker id '{first.StartStream.WorkerId}', which this host did not start");
            return;
        }
        await channel.RunAsync(requestStream, responseStream, context.CancellationToken).ConfigureAwait(false);
    }
}
