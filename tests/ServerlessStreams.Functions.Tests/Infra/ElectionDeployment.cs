using ServerlessStreams.App;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>
/// The example deployment (infra-bicep/main.bicepparam, the election sample on Flex Consumption with Event Hubs)
/// and the job spec it deploys, computed once for the Bicep test collection.
/// </summary>
public sealed class ElectionDeployment : IAsyncLifetime
{
    private DeploymentSnapshot? snapshot;

    internal DeploymentSnapshot Snapshot => snapshot ?? throw new InvalidOperationException("the snapshot is made in InitializeAsync");

    internal JobSpec Job { get; } =
        JobSpecLoader.Load(File.ReadAllText(InfraPaths.ElectionJob), AppRegistry.Create()).GetJobOrThrow();

    public async Task InitializeAsync() => snapshot = await DeploymentSnapshot.OfExampleAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
