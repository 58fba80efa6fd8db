namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// Runs one function of the app. Throwing fails the invocation, so the host retries it. The request reads from the
/// invocation's body, which is released once the handler answers: keep <see cref="InvocationRequest.Detach"/> of it,
/// not the request itself.
/// </summary>
public interface IInvocationHandler
{
    Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken);
}
