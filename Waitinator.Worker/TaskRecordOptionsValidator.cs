using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Worker;

/// <summary>Refuses a record setting that cannot work, naming it.</summary>
internal sealed class TaskRecordOptionsValidator : IValidateOptions<TaskRecordOptions>
{
    public ValidateOptionsResult Validate(string? name, TaskRecordOptions options) =>
        string.IsNullOrWhiteSpace(options.DatabasePath)
            ? ValidateOptionsResult.Fail($"{TaskRecordOptions.SectionName}:DatabasePath must name the SQLite file the tasks record in.")
            : ValidateOptionsResult.Success;
}
