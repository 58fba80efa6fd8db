namespace ServerlessStreams.Functions.Hosting;

/// <summary>Runs one function of the app. Throwing fails the invocation, so the host retries it.</summary>
public interface IInvocationHandler
{
    Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken);
}
