namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// The sweeper's last run as this instance saw it: when, and whether it swept (false: another instance held the
/// lease, so this run only read). <paramref name="LagMilliseconds"/> is the lag of the last run that swept.
/// </summary>
internal sealed record SweeperRun(DateTimeOffset At, bool Swept, double? LagMilliseconds);
