namespace ServerlessStreams.Engine;

/// <summary>An extent of one of a task's windows: the window's index in the task and Onyx's extent id.</summary>
internal readonly record struct ExtentKey(int Window, long Id) : IComparable<ExtentKey>
{
    public int CompareTo(ExtentKey other) => Window != other.Window ? Window.CompareTo(other.Window) : Id.CompareTo(other.Id);
}
