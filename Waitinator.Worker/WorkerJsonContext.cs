using System.Text.Json.Serialization;
using Waitinator.Contracts;

namespace Waitinator.Worker;

/// <summary>
/// Compile-time JSON metadata for what the tasks read and write: a cold worker process (a process-model child, say) does
/// not pay for reflection-based serializers on its first task.
/// </summary>
[JsonSerializable(typeof(ApiAnswer))]
[JsonSerializable(typeof(WaitinateResult))]
[JsonSerializable(typeof(List<WaitinateResult?>))]
[JsonSerializable(typeof(ChordSummary))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
