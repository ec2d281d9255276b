using Waitinator.Reporter;

return ReporterCommand.Create().Parse(args).Invoke();
