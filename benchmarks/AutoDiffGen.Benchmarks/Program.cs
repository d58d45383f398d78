using static TorchSharp.torch;
var x = tensor(new double[] { 1.0, 2.0 }, requires_grad: true);
var y = (x * x).sum();
y.backward();
System.Console.WriteLine(string.Join(",", x.grad!.data<double>().ToArray()));
