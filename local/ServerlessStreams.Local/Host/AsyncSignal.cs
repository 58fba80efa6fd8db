namespace ServerlessStreams.Local.Host;

/// <summary>
/// Wakes a waiter that something changed. A signal given while nobody waits is kept for the next wait, so a change
/// made between a waiter's check and its wait is never missed; waiters check their condition again after waking.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _current = NewSource();

    public void Set()
    {
        TaskCompletionSource current;
        lock (_gate) current = _current;
        current.TrySetResult();
    }

    /// <summary>Returns when signalled (now or since the last wait) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_gate)
        {
            if (_current.Task.IsCompleted)
            {
                _current = NewSource();
                return;
            }
            signalled = _current.Task;
        }
        try
        {
            await signalled.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return;
        }
        lock (_gate)
        {
            if (_current.Task == signalled) _current = NewSource();
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
