/* version.h: the release version, shown by /healthz and `sodan -v`. */
#ifndef SODAN_VERSION_H
#define SODAN_VERSION_H
#define SODAN_VERSION	"0.1.0"
#endif
