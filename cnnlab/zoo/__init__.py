"""Built-in architectures: network files shipped as package data, and what is known about them.

The definitions are data (``*.toml`` next to this module, in the network-file format of
``cnnlab.spec.netfile``); this module only names them, gives aliases, and records figures that
sources published, so that tests and ``cnnlab complexity --explain`` can hold cnnlab to them.

>>> find_model("ResNet-50").name
'resnet50'
>>> load_model("vgg16").input
Shape(c=3, h=224, w=224)
"""

from cnnlab.zoo.registry import (
    EXAMPLES,
    MODELS,
    Example,
    Figure,
    Listing,
    ZooModel,
    find_example,
    find_model,
    list_models,
    load_model,
    model_named,
)

__all__ = [
    "EXAMPLES",
    "MODELS",
    "Example",
    "Figure",
    "Listing",
    "ZooModel",
    "find_example",
    "find_model",
    "list_models",
    "load_model",
    "model_named",
]
