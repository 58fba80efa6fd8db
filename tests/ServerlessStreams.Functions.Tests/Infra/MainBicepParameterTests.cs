namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>Parameters main.bicep cannot deploy fail before anything is created, naming the parameter.</summary>
[Collection(BicepCollection.Name)]
public sealed class MainBicepParameterTests
{
    [Fact]
    public async Task RejectsAConsumerGroupOnATopicTheDeploymentDoesNotCreate()
    {
        var parameters = ElectionParameters.With("param extraConsumerGroups = [ { topic: 'nowhere', name: 'audit' } ]");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => DeploymentSnapshot.OfParametersAsync(parameters));

        Assert.Contains("extraConsumerGroups: audit reads nowhere", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsTwoKafkaTasksWithOneName()
    {
        var parameters = ElectionParameters.WithTasks("""
              { name: 'votes', topic: 'votes', type: 'input' }
              { name: 'votes', topic: 'vote-results', type: 'output' }
            """);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => DeploymentSnapshot.OfParametersAsync(parameters));

        Assert.Contains("kafkaTasks: task names must be unique", failure.Message, StringComparison.Ordinal);
    }
}
