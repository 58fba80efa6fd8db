using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// What every trigger kind is built from: its spec, its number among the task's triggers (<see cref="Index"/>), its
/// position among its window's triggers (<see cref="Bit"/>) and the job's registry. One shape for every kind, so
/// <see cref="TriggerKinds"/> builds any of them the same way.
/// </summary>
internal readonly record struct TriggerSetup(TriggerSpec Spec, int Index, int Bit, JobRegistry Registry);
