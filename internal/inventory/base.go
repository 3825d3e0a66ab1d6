package inventory

import "strings"

// BaseOS returns the base image of the built-in image named name (or one of its aliases): the
// name of its entry in the data ("ubuntu", "amazonlinux:2023", "alpine") and the executables
// that base image ships, which the image's inventory includes. It returns "" and nil for an
// unknown image or one whose base the data does not describe (the Lambda images).
func BaseOS(name string) (string, []string) {
	im := lookup(strings.ToLower(strings.TrimSpace(name)))
	if im == nil || im.Base == "" {
		return "", nil
	}
	for _, b := range builtinData.Bases {
		if b.Name == im.Base {
			tools := make([]string, 0, len(b.Tools))
			for _, t := range b.Tools {
				tools = append(tools, t[0])
			}
			return b.Name, tools
		}
	}
	return "", nil
}
