using System.Text.Json.Nodes;

namespace ServerlessStreams.Local.Cli;

/// <summary>What <c>run</c> feeds a job and what it prints when the job has processed it.</summary>
public sealed class LocalRun
{
    /// <summary>The input task whose topic the sample records go to.</summary>
    public required string InputTask { get; init; }

    /// <summary>The sample records, one JSON document a line, from a count and a seed; the same seed gives the same records.</summary>
    public required Func<int, int, IEnumerable<string>> Records { get; init; }

    /// <summary>The field whose value keys each record in Kafka; records are unkeyed when null.</summary>
    public string? KeyField { get; init; }

    /// <summary>How many records <c>run</c> produces unless <c>--count</c> says otherwise.</summary>
    public int DefaultCount { get; init; } = 1000;

    /// <summary>Prints the results once the records are processed; by default every Table view's rows.</summary>
    public Func<LocalPipeline, TextWriter, CancellationToken, Task> PrintResults { get; init; } = ViewPrinter.PrintAllAsync;
}
