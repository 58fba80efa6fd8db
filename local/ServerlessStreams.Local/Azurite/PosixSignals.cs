using System.Runtime.InteropServices;

namespace ServerlessStreams.Local.Azurite;

/// <summary>
/// Signals to another process by id: SIGTERM, which .NET's Process cannot send (it only kills, giving no chance to
/// save), and SIGKILL for a process that is not a Process of ours (a host's worker).
/// </summary>
internal static class PosixSignals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; 0 when sent.</summary>
    public static int Terminate(int processId) => Send(processId, SigTerm);

    /// <summary>Sends SIGKILL (kill -9); 0 when sent.</summary>
    public static int Kill(int processId) => Send(processId, SigKill);

    private static int Send(int processId, int signal) => OperatingSystem.IsWindows() ? -1 : SendSignal(processId, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);
}
