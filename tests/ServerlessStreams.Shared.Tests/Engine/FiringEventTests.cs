using ServerlessStreams.Engine;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Engine;

public class FiringEventTests
{
    public static TheoryData<TriggerKind> Kinds => new(Enum.GetValues<TriggerKind>());

    [Fact]
    public void Every_event_is_a_trigger_kind_or_completed()
    {
        Assert.Equal([.. Enum.GetValues<TriggerKind>().Select(k => (TriggerKind?)k), null], FiringEvent.All.Select(e => e.Kind));
        Assert.True(FiringEvent.Completed.IsCompleted);
        Assert.Equal(FiringEvent.Completed, default);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kind_event_is_named_as_the_spec_names_the_kind(TriggerKind kind)
    {
        var spec = JobSpecWriter.ToJsonObject(new JobSpec
        {
            Name = "j",
            Triggers = new[] { new TriggerSpec { Id = "t", WindowId = "w", On = kind } },
        });
        Assert.Equal(spec["triggers"]![0]!["on"]!.GetValue<string>(), FiringEvent.Of(kind).Name);
    }

    [Fact]
    public void Every_event_name_is_distinct_and_reads_back()
    {
        Assert.Equal(FiringEvent.All.Count, FiringEvent.All.Select(e => e.Name).Distinct().Count());
        Assert.All(FiringEvent.All, e => Assert.Equal(e, FiringEvent.Parse(e.Name)));
    }

    [Fact]
    public void An_unknown_name_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => FiringEvent.Parse("Watermark"));
        Assert.Equal("unknown firing event 'Watermark'", error.Message);
    }
}
