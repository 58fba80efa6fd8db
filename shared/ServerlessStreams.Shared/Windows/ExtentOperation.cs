namespace ServerlessStreams.Windows;

/// <summary>What placing one value does to a key's session extents, as data (Onyx's extent operations).</summary>
internal abstract record ExtentOperation
{
    private ExtentOperation() { }

    /// <summary>A new session [value, value].</summary>
    public sealed record Create(long ExtentId, double Value) : ExtentOperation;

    /// <summary>The value lies within the gap of one session, whose bounds become [Lower, Upper].</summary>
    public sealed record Alter(long ExtentId, double Lower, double Upper) : ExtentOperation;

    /// <summary>The value bridges several sessions: they fold into <see cref="Target"/> with bounds [Lower, Upper].</summary>
    public sealed record Merge(long Target, IReadOnlyList<long> Sources, double Lower, double Upper) : ExtentOperation;
}
