namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>
/// The tests that run the Bicep CLI: one at a time (each CLI run is CPU-heavy, and the install step restores one
/// tool project), sharing one snapshot of the example deployment.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<ElectionDeployment>
{
    public const string Name = "Bicep";
}
