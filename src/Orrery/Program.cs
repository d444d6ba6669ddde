Console.WriteLine("orrery: under construction");
