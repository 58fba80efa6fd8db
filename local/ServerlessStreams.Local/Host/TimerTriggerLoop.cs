using Cronos;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// Drives one timerTrigger function on its six-field NCRONTAB schedule, in UTC. Like the host, a failed run is not
/// retried: the next occurrence is the retry. Occurrences missed while a run was in progress are not made up.
/// </summary>
internal sealed class TimerTriggerLoop(
    TimerTriggerFunction function,
    IFunctionInvoker invoker,
    TimeProvider time,
    FunctionStats stats,
    Action<TriggerActivity> report)
{
    private readonly CronExpression _schedule = Parse(function);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (_schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) is not { } due) return;
            try
            {
                await Task.Delay(due - now, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var next = _schedule.GetNextOccurrence(due, TimeZoneInfo.Utc) ?? due;
            var request = InvocationRequests.Timer(function.BindingName, due, last, next);
            InvocationStatus outcome;
            try
            {
                outcome = await invoker.InvokeAsync(function.Name, request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            last = due;
            if (outcome.Succeeded)
            {
                stats.Succeeded(0);
                report(new TriggerActivity(function.Name, TriggerActivityKind.TimerFired, 0, 1, null, []));
            }
            else
            {
                stats.Failed(outcome.Error ?? "failed");
                report(new TriggerActivity(function.Name, TriggerActivityKind.InvocationFailed, 0, 1, outcome.Error, []));
            }
        }
    }

    private static CronExpression Parse(TimerTriggerFunction function)
    {
        try
        {
            return CronExpression.Parse(function.Schedule, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException(
                $"function '{function.Name}' timerTrigger schedule: '{function.Schedule}' is not a six-field NCRONTAB expression ({e.Message})", e);
        }
    }
}
