namespace ServerlessStreams.Durable.Storage.Faults;

/// <summary>A failure injected by <see cref="FaultInjectingWindowEntityStore"/>, standing for an infrastructure error.</summary>
internal sealed class InjectedStoreFaultException : IOException
{
    public InjectedStoreFaultException(string operation, EntityKey key, CommitFault fault)
        : base(fault switch
        {
            CommitFault.AfterCommit => $"injected failure after the {operation} of entity {key} was applied",
            _ => $"injected failure before the {operation} of entity {key}",
        })
    {
        Key = key;
        Fault = fault;
    }

    public EntityKey Key { get; }
    public CommitFault Fault { get; }
}
