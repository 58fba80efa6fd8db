namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>Parameter files for main.bicep: the election sample's job plus whatever a test changes.</summary>
internal static class ElectionParameters
{
    /// <summary>The election sample's Kafka tasks and extra topics, followed by these <c>param</c> lines.</summary>
    public static string With(params string[] lines) => WithTasks(ElectionTasks, lines);

    /// <summary>The election job with other Kafka tasks (as Bicep array items), followed by these <c>param</c> lines.</summary>
    public static string WithTasks(string tasks, params string[] lines) =>
        $$"""
        using './main.bicep'
        param jobName = 'election'
        param jobSpecPath = 'job.json'
        param kafkaTasks = [
        {{tasks}}
        ]
        param extraTopics = [
          'election-dead-letters'
          'election-late'
        ]
        {{string.Join('\n', lines)}}
        """;

    public const string ElectionTasks = """
          { name: 'votes', topic: 'votes', type: 'input' }
          { name: 'results', topic: 'vote-results', type: 'output' }
          { name: 'all-votes', topic: 'election-all-votes-repartition', type: 'repartition', partitions: 1, retentionInDays: 7 }
          { name: 'by-candidate', topic: 'election-by-candidate-repartition', type: 'repartition', retentionInDays: 7 }
        """;
}
