using Hourglass.Host.Cli;

return await HourglassCli.RunAsync(args, Console.Out, Console.Error);
