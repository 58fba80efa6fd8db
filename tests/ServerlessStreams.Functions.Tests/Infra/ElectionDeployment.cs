using Election;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>
/// The deployments the Bicep tests inspect, computed once for the collection: the example (infra-bicep/main.bicepparam:
/// the election sample on Flex Consumption with Event Hubs) and the alternative (Elastic Premium, an external Kafka
/// cluster, extra Kafka tasks whose names need escaping, and ingestion limits), with the job spec the example deploys.
/// </summary>
public sealed class ElectionDeployment : IAsyncLifetime
{
    /// <summary>The alternative's extra output tasks; task i writes topic-i.</summary>
    internal static readonly string[] OddTaskNames = ["late-votes", "vote.results 2", "UPPER_lower9"];

    internal const string ExternalBootstrapServers = "pkc-00000.westeurope.azure.confluent.cloud:9092";

    internal const string ExternalPassword = "api-secret";

    internal const int IngestMaxBodyBytes = 1_048_576;

    internal const int IngestMaxRecordBytes = 65_536;

    private DeploymentSnapshot? example;
    private DeploymentSnapshot? alternative;

    internal DeploymentSnapshot Example => example ?? throw new InvalidOperationException("made in InitializeAsync");

    internal DeploymentSnapshot Alternative => alternative ?? throw new InvalidOperationException("made in InitializeAsync");

    internal JobSpec Job { get; } =
        JobSpecLoader.Load(File.ReadAllText(InfraPaths.ElectionJob), Registrations.Create()).GetJobOrThrow();

    public async Task InitializeAsync()
    {
        var oddTasks = OddTaskNames.Select((name, i) => $"  {{ name: '{name}', topic: 'topic-{i}', type: 'output' }}");
        var alternativeParameters = ElectionParameters.WithTasks(
            string.Join('\n', [ElectionParameters.ElectionTasks, .. oddTasks]),
            "param hostingPlanKind = 'ElasticPremium'",
            $"param externalKafkaBootstrapServers = '{ExternalBootstrapServers}'",
            "param externalKafkaUsername = 'api-key'",
            $"param externalKafkaPassword = '{ExternalPassword}'",
            $"param ingestMaxBodyBytes = {IngestMaxBodyBytes}",
            $"param ingestMaxRecordBytes = {IngestMaxRecordBytes}");

        var snapshots = await Task.WhenAll(
            DeploymentSnapshot.OfExampleAsync(),
            DeploymentSnapshot.OfParametersAsync(alternativeParameters));
        (example, alternative) = (snapshots[0], snapshots[1]);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
