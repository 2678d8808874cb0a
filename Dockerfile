# Hub image: built with Maven, run on a JRE. No Docker engine runs on our CI machines; see docs/operations.md.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /opt/xoev-hub hub
WORKDIR /opt/xoev-hub
COPY --from=build /src/target/xoev-hub-*.jar xoev-hub.jar
COPY routes routes
COPY schemas schemas
COPY config config
RUN mkdir -p data && chown hub data
USER hub
EXPOSE 8080
# one C2 compiler instead of tiered compilation: the better steady state on small machines (docs/operations.md)
ENV JAVA_TOOL_OPTIONS="-XX:-TieredCompilation"
ENTRYPOINT ["java", "-jar", "xoev-hub.jar"]
