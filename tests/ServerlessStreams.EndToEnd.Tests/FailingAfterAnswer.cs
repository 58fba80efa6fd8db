using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>
/// Lets the worker run an invocation to the end, then reports it failed while <paramref name="failNext"/> says so:
/// as when the host dies after the worker committed and answered but before the batch's offsets were stored.
/// </summary>
internal sealed class FailingAfterAnswer(IFunctionInvoker worker, Func<string, bool> failing, Func<bool> failNext) : IFunctionInvoker
{
    public FailingAfterAnswer(IFunctionInvoker worker, string functionName, Func<bool> failNext)
        : this(worker, function => function == functionName, failNext)
    {
    }

    public async Task<InvocationStatus> InvokeAsync(string function, InvocationRequest request, CancellationToken cancellationToken)
    {
        var outcome = await worker.InvokeAsync(function, request, cancellationToken);
        return outcome.Succeeded && failing(function) && failNext()
            ? InvocationStatus.Failure("lost after the worker answered")
            : outcome;
    }
}
