namespace ServerlessStreams.Durable.Storage.Faults;

/// <summary>Where an injected commit failure strikes.</summary>
internal enum CommitFault
{
    None,
    /// <summary>The commit fails before reaching the store: nothing is applied.</summary>
    BeforeCommit,
    /// <summary>The commit is applied, then the caller sees a failure anyway (a lost response).</summary>
    AfterCommit,
    /// <summary>
    /// Another writer commits to the entity just before (its meta row written again as it is): the commit fails on
    /// its ETag condition, as when another instance got there first.
    /// </summary>
    AnotherWriterFirst,
}
