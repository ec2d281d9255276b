using System.Text.Json.Serialization;
using Waitinator.Contracts;

namespace Waitinator.Worker;

/// <summary>
/// Compile-time JSON metadata for what the tasks read and write: a cold worker process (one of sixteen children on two
/// cores) does not pay for reflection-based serializers on its first task.
/// </summary>
[JsonSerializable(typeof(ApiAnswer))]
[JsonSerializable(typeof(WaitinateResult))]
[JsonSerializable(typeof(List<WaitinateResult?>))]
[JsonSerializable(typeof(ChordSummary))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
