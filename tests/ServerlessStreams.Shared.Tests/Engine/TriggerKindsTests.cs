using System.Reflection;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using ServerlessStreams.Spec.Information;

namespace ServerlessStreams.Shared.Tests.Engine;

public class TriggerKindsTests
{
    public static TheoryData<TriggerKind> Kinds => new(Enum.GetValues<TriggerKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_trigger_kind_has_an_implementation(TriggerKind kind)
    {
        var type = TriggerKinds.TypeOf(kind);
        Assert.True(type is not null, $"trigger kind {kind} has no class marked [ImplementsTrigger(TriggerKind.{kind})]");
        Assert.Equal(kind, type.GetCustomAttribute<ImplementsTriggerAttribute>()!.Kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_trigger_kind_is_a_choice_of_on_in_the_information_model(TriggerKind kind)
    {
        var on = InformationModel.Get(InformationModel.Trigger).Field("on")!;
        Assert.Contains(FiringEvent.Of(kind).Name, on.Choices);
    }

    [Fact]
    public void The_registry_implements_only_spec_kinds()
    {
        Assert.Equal(Enum.GetValues<TriggerKind>().Order(), TriggerKinds.Implemented.Order());
    }

    [Fact]
    public void A_compiled_trigger_is_the_class_of_its_kind()
    {
        var spec = new TriggerSpec { Id = "t", WindowId = "w", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(1) };
        var trigger = CompiledTrigger.Compile(spec, index: 2, bit: 1, new JobRegistry());
        Assert.IsType<TimerTrigger>(trigger);
        Assert.Equal((2, 1, TriggerKind.Timer), (trigger.Index, trigger.Bit, trigger.Kind));
    }

    [Fact]
    public void A_kind_implemented_twice_is_refused_naming_both_classes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TriggerKinds.Discover([typeof(FirstTimer), typeof(SecondTimer)]));
        Assert.Equal("trigger kind Timer is implemented twice: by FirstTimer and by SecondTimer", error.Message);
    }

    [Fact]
    public void A_trigger_class_without_its_kind_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TriggerKinds.Discover([typeof(Unmarked)]));
        Assert.Equal("trigger class Unmarked does not say which kind it implements: mark it [ImplementsTrigger(TriggerKind.…)]", error.Message);
    }

    [Fact]
    public void A_trigger_class_without_a_setup_constructor_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TriggerKinds.Discover([typeof(NoSetup)]));
        Assert.Equal("trigger class NoSetup needs a public constructor taking a TriggerSetup", error.Message);
    }

    [ImplementsTrigger(TriggerKind.Timer)]
    private sealed class FirstTimer(TriggerSetup setup) : CompiledTrigger(setup);

    [ImplementsTrigger(TriggerKind.Timer)]
    private sealed class SecondTimer(TriggerSetup setup) : CompiledTrigger(setup);

    private sealed class Unmarked(TriggerSetup setup) : CompiledTrigger(setup);

    [ImplementsTrigger(TriggerKind.Segment)]
    private sealed class NoSetup() : CompiledTrigger(default);
}
