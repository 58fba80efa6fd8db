namespace ServerlessStreams.Functions.Hosting;

/// <summary>An <see cref="IInvocationHandler"/> made of a delegate.</summary>
public sealed class DelegateInvocationHandler(Func<InvocationRequest, CancellationToken, Task<InvocationResult>> handle)
    : IInvocationHandler
{
    public Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        handle(request, cancellationToken);
}
