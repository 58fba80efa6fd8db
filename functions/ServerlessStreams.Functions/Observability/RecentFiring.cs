namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// Firings of one trigger reported together: by the stage of <paramref name="Task"/>, or by the sweeper
/// (<paramref name="Task"/> <c>sweeper</c>); <paramref name="Count"/> extents and keys.
/// </summary>
internal sealed record RecentFiring(DateTimeOffset At, string Task, string WindowId, string TriggerId, long Count);
