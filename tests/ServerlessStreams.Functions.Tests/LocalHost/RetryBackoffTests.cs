using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public class RetryBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(60, 1000)]
    public void Delays_double_up_to_the_maximum(int attempt, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), new RetryBackoff(Min, Max, -1).Delay(attempt));
    }

    [Fact]
    public void Past_max_retries_the_delay_stays_at_the_maximum_and_never_gives_up()
    {
        var backoff = new RetryBackoff(Min, Max, MaxRetries: 2);

        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.Delay(2));
        Assert.Equal(Max, backoff.Delay(3));
        Assert.Equal(Max, backoff.Delay(1000));
    }

    [Fact]
    public void No_failure_means_no_delay()
    {
        Assert.Equal(TimeSpan.Zero, new RetryBackoff(Min, Max, 5).Delay(0));
    }
}
