using CustomerJourney.Cli;

return JourneyCli.Run(args, Console.Out, Console.Error);
