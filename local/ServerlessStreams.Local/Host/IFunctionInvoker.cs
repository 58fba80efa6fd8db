using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// Invokes a function of the worker as the Functions host does; the trigger loops call it. The worker channel is the
/// implementation; tests wrap it (e.g. to fail an invocation after the worker answered).
/// </summary>
internal interface IFunctionInvoker
{
    /// <summary>Sends <paramref name="request"/> (function id and invocation id are filled in) and reports how it went.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<InvocationStatus> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken);
}
